"""The content model: every source file read, validated and looked up in one place."""
