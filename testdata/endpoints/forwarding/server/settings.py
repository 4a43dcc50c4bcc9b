MULTI_ORG = False
