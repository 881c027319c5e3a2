"""helpfinder: the referral directory API."""
