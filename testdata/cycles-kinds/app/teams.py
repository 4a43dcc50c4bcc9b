from app.users import User


class Team:
    owner: User
