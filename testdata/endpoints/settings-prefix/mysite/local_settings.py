# Deployment overrides; most installs leave this empty.
