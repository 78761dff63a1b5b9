using AiCoPilot.Cli;
using AiCoPilot.Engine.Midi;
using AiCoPilot.Engine.Models;

return Cli.Run(args);

namespace AiCoPilot.Cli
{
    public static class Cli
    {
        public const string Usage =
            "usage: aicopilot continue IN.mid -o OUT.mid [--bars 4] [--variations 3] [--mode melody|harmony|both]\n" +
            "                          [--temperature 1.0] [--top-p 0.95] [--density 0.5] [--key-lock] [--seed 1]\n" +
            "                          [--ngram MODEL.aicm] [--adaptation 0.5] [--learn DIR]\n" +
            "       aicopilot tokenize DIR... -o OUTDIR\n" +
            "       aicopilot ngram TOKENDIR -o MODEL.aicm      (corpus n-gram baseline from the train split)\n" +
            "       aicopilot originality TOKENDIR -o INDEX     (the originality guard's index of the train split)\n" +
            "       aicopilot eval DIR [--split valid] [--model PATH] [--ngram MODEL.aicm] [--index PATH] [--json]\n" +
            "                          [--learn DIR [--learn-split train]]  (the style first learns those files)\n" +
            "       aicopilot takes DIR [--split valid] [--model PATH] [--index PATH] [--variations 3] [--limit N] [--json]\n" +
            "       aicopilot playalong DIR [--model PATH] [--ngram MODEL.aicm] [--limit N] [--json]\n" +
            "       aicopilot trade DIR [--bars 4] [--exchanges 4] [--model PATH] [--index PATH] [--limit N] [--write-turns FOLDER]\n" +
            "       aicopilot taste DIR --prefer FEATURE[+|-][,...] [--rounds 30] [--out FOLDER] [--split valid] [--model PATH] [--json]\n" +
            "       aicopilot taste --recompute FOLDER --prefer FEATURE[+|-]   (a taste run's figure from its files)\n" +
            "       aicopilot taste --spread FOLDER             (how much each figure differs between takes shown together)\n" +
            "       aicopilot poolbench [--model PATH] [--rows 16] [--pool 32]  (the candidate pool's speed)\n" +
            "       aicopilot bench [DIR]                       (figures for docs/benchmarks.md)";

        public static int Run(string[] args)
        {
            try
            {
                if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
                {
                    Console.WriteLine(Usage);
                    return args.Length == 0 ? 2 : 0;
                }
                return args[0] switch
                {
                    "continue" => ContinueCommand.Run(args[1..]),
                    "tokenize" => TokenizeCommand.Run(args[1..]),
                    "playalong" => PlayAlongCommand.Run(args[1..]),
                    "takes" => TakesCommand.Run(args[1..]),
                    "taste" => TasteCommand.Run(args[1..]),
                    "trade" => TradeCommand.Run(args[1..]),
                    "poolbench" => PoolBenchCommand.Run(args[1..]),
                    "ngram" => NGramCommand.Run(args[1..]),
                    "bench" => BenchCommand.Run(args[1..]),
                    "originality" => OriginalityCommand.Run(args[1..]),
                    "eval" => EvalCommand.Run(args[1..]),
                    _ => throw new UsageException($"unknown command '{args[0]}' (continue, tokenize, ngram, originality, eval, takes, taste, trade, playalong, bench, poolbench)"),
                };
            }
            catch (UsageException e)
            {
                Console.Error.WriteLine($"aicopilot: {e.Message}");
                return 2;
            }
            catch (MidiFormatException e)
            {
                Console.Error.WriteLine($"aicopilot: not a readable MIDI file: {e.Message}");
                return 1;
            }
            catch (MarkovModelFormatException e)
            {
                Console.Error.WriteLine($"aicopilot: cannot load model: {e.Message}");
                return 1;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                Console.Error.WriteLine($"aicopilot: {e.Message}");
                return 1;
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"aicopilot: internal error: {e.GetType().Name}: {e.Message}");
                return 70;
            }
        }
    }
}
