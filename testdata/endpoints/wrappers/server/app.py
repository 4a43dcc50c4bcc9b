from flask import Flask

app = Flask(__name__)


@app.get("/json/users/me")
def me():
    return {}


@app.patch("/json/settings")
def settings():
    return {}


@app.post("/json/messages")
def send_message():
    return {}


@app.get("/json/streams/<int:stream_id>/members")
def members(stream_id):
    return []


@app.delete("/json/drafts/<int:draft_id>")
def delete_draft(draft_id):
    return {}


@app.post("/legacy/report")
def legacy_report():
    return {}
