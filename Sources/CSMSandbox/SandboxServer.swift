// Placeholder: the sandbox library is built in the sandbox issue.
public enum CSMSandboxPlaceholder {}
