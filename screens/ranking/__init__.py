"""Ballot rounds' screens: the rounds, the ballot, results, the priority chart, turnout and the
room.
"""
