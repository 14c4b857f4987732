"""natori-secaudit: Natori City's information-security self-inspection.

An offline desktop program: departments answer the year's checklist in an
encrypted database, hand in encrypted submissions, and the IT division
compiles them into reports for the CISO.
"""

__version__ = "0.1.0"
