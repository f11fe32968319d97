"""Synthetic case dossiers with ground truth: the demo case, test fixtures and benchmark inputs."""
