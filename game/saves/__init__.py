"""What the game keeps on disk for a player: saves of both roles, their folder, settings, and writing any file atomically."""
