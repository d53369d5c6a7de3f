"""Request and response models, one module per resource: validated at the edge, published as
OpenAPI."""
