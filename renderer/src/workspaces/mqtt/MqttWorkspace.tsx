export const MqttWorkspace = () => <div className="workspace mqtt-workspace" data-testid="mqtt-workspace" />;
