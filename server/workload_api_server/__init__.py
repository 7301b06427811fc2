"""Local Workload API server: the contract of the DataRobot Workload API, offline."""
