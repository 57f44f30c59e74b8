"""Rehearsing the terminal, not serving residents: the tap driver (`driver.py`), the tour
of every screen (`tour.py`, `layout_check.py`), burn-in by taps or by the keypad alone
(`burn_in.py`, `keypad_hands.py`), and the demo's device simulator window
(`simulator.py`). The terminal's own screens never import this package."""
