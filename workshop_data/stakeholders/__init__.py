"""Atelier 2: the stakeholder register, the influence x interest grid and the invitations."""
