"""Session set-up shared by every test, notebooks included."""


def pytest_sessionstart(session):
    # Build Matplotlib's font cache here, once, so that no notebook kernel prints
    # "Matplotlib is building the font cache" into an output that nbval compares.
    import matplotlib.font_manager  # noqa: F401
