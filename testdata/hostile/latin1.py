# -*- coding: latin-1 -*-
import os
NAME = "café"
