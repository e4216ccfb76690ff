export const CloudWorkspace = () => <div className="workspace cloud-workspace" data-testid="cloud-workspace" />;
