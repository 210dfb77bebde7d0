"""Scaffold: replaced by the real plugin."""


def register() -> None:
    pass
