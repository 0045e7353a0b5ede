"""What every part shares: the package on disk, the standard's files, problems and their messages, safe file writing."""
