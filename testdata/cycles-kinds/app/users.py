from app.teams import Team


class User:
    team: Team
