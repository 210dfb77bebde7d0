"""Gathering file texts shared by the tests (written for the tests, not real events)."""

VALID = """\
title: Test gathering
start: "2027-03-13 09:30"
end: "2027-03-13 11:00"
timezone: America/New_York
venue:
  name: Test Cafe
  address: {city: Washington, country: US}
"""
