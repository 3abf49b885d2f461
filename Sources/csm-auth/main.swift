print("csm-auth: not built yet")
