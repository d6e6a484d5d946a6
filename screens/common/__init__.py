"""Screens and widgets every family uses: the screen base, forms, help, tables, the dashboard and
the welcome screen.
"""
