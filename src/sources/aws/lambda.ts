import type { FunctionConfiguration, LambdaClient } from "@aws-sdk/client-lambda";
import { liveResource, pageOf, tokenParam, type CollectorRow } from "./table.js";

export const lambdaRows: CollectorRow<FunctionConfiguration>[] = [
  {
    service: "lambda",
    clientPackage: "@aws-sdk/client-lambda",
    clientClass: "LambdaClient",
    operation: "ListFunctions",
    iamAction: "lambda:ListFunctions",
    types: ["aws_lambda_function"],
    paging: { input: "Marker", output: "NextMarker" },
    async list(client, token) {
      const { ListFunctionsCommand } = await import("@aws-sdk/client-lambda");
      // Lambda answers at most 50 functions a page, whatever MaxItems asks for.
      const out = await (client as LambdaClient).send(new ListFunctionsCommand({ MaxItems: 50, ...tokenParam("Marker", token) }));
      return pageOf(out.Functions, out.NextMarker);
    },
    map(f, _details, ctx) {
      const arn = f.FunctionArn ?? `arn:aws:lambda:${ctx.region}:${ctx.account}:function:${f.FunctionName ?? ""}`;
      const values: Record<string, unknown> = {
        arn,
        function_name: f.FunctionName,
        runtime: f.Runtime,
        role: f.Role,
        handler: f.Handler,
        timeout: f.Timeout,
        memory_size: f.MemorySize,
        // CB-LAM-002 looks for the group the function logs to: this one when set, else /aws/lambda/<name>.
        logging_config: f.LoggingConfig
          ? [{ log_format: f.LoggingConfig.LogFormat, log_group: f.LoggingConfig.LogGroup ?? "", application_log_level: f.LoggingConfig.ApplicationLogLevel ?? "", system_log_level: f.LoggingConfig.SystemLogLevel ?? "" }]
          : [],
        tracing_config: f.TracingConfig?.Mode ? [{ mode: f.TracingConfig.Mode }] : [],
      };
      return [liveResource("aws_lambda_function", arn, values, ctx, "lambda:ListFunctions")];
    },
  } satisfies CollectorRow<FunctionConfiguration>,
];
