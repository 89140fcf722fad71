# synthetic/ is a gspread-style suite the runner test copies into a temporary checkout and runs in a
# pytest of its own (with the fidelity plugin); it is not part of this suite.
collect_ignore = ["synthetic"]
