namespace AiCoPilot.Plugin.Abi;

/// <summary>What every int32 export returns (enum AicpResult in aicopilot_engine_abi.h): one meaning per code.</summary>
public static class AbiResult
{
    public const int Ok = 0;
    public const int BufferTooSmall = -1;
    public const int InvalidArgument = -2;
    public const int NoSuchHandle = -3;
    public const int Refused = -4;
    public const int Failed = -5;
}
