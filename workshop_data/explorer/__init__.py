"""Atelier 3: loading files, their profile and charts, the privacy scan and masking, insights and
prototypes.
"""
