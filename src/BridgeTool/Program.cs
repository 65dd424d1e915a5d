using Quiver.BridgeTool;

return await new BridgeCommand().Parse(args).InvokeAsync();
