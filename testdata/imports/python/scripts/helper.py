def help_me():
    return "ok"
