"""Ballot rounds: voters and their credentials, ballots and drafts, the tally and its maths, the
room's voting server.
"""
