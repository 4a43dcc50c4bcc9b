import helper  # → scripts/helper.py (the script's own directory)

helper.help_me()
