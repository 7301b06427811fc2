"""The offline engine's own pieces: language host, package scan, doctor, shared env."""
