// The plug-in module: everything lives in the aicp_wrapper library; this file only gives the module a source.
