import json
VALUE = "ÿ"
