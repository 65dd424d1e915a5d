namespace Quiver.Generator.Tests;

/// <summary>A test that runs Python: skipped, with the reason, only where no python3 exists (it does on CI and on the development machine).</summary>
public sealed class PythonFactAttribute : FactAttribute
{
    public PythonFactAttribute()
    {
        if (PythonInterpreter.Path is null)
            Skip = "python3 was not found (/usr/bin/python3 or on PATH)";
    }
}
