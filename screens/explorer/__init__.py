"""Atelier 3's screens: the data explorer and prototypes."""
