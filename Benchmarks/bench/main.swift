print("bench: will sweep inputs n and outputs m and compare forward and reverse mode (not built yet)")
