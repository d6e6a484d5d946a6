"""Bringing another laptop's trip file into this one: the plan, the three-way field rule,
conflicts.
"""
