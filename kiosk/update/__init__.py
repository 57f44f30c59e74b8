"""Signed software updates: a release file checked against the release key
(`release.py`), installed beside the running version and switched to in one rename
(`installation.py`), at a quiet moment, with the new version proving itself at its first
starts or the previous one back (`running.py`); the commands (`command.py`)."""
