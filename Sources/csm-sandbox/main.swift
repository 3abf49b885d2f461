print("csm-sandbox: not built yet")
