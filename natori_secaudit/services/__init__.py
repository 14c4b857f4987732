"""Use cases: every arrow of the data flow is one function here.

The GUI and the CLI call the same functions, so anything a person can do
with a click a test can do with a call. Services own transactions and the
audit trail; they hand plain domain objects to views, reports and exports.
"""
