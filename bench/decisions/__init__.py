"""How good the advice is: the bench that scores LiveStock against the demand a known world
really drew, run as `python bench/decisions [--quick] [--save FILE] [--before FILE]`.

worlds builds each seed's world into temporary stores and measures what LiveStock advised
(Raw); figures scores the measurements, each beside its floor; table prints the figures
beside a saved run. __main__ is the command (what is measured: its docstring).
"""
