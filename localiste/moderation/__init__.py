"""The operators' space: decisions on what makers submit, claims, and the listings' admin."""
