print("labkit")
