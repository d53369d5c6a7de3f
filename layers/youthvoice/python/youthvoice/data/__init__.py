"""DynamoDB access: the only package that imports PynamoDB."""
