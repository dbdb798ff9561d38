"""The maker space: makers list their workshop, keep their page, manage their team."""
