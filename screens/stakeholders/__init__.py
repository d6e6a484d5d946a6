"""Atelier 2's screens: the register, the grid, invitations."""
