// Placeholder until the foundation lands.
enum CSMAuthPlaceholder {}
