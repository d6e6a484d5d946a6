"""Atelier 1's screens: participants, tasks and their data, the data tracker."""
