"""Engine-facing side: API client and one dynamic ResourceProvider per resource."""
