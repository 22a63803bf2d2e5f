//! Any text as an ARM template expression, in the places a template holds
//! one: a variable other expressions reference, a cluster property and a
//! resource condition. Exercises the expression parser, its nesting bound,
//! the function library and variable memoisation.
#![no_main]

libfuzzer_sys::fuzz_target!(|expression: String| {
    let expression = format!(
        "[{}]",
        expression.trim_start_matches('[').trim_end_matches(']')
    );
    let template = serde_json::json!({
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "parameters": { "p": { "type": "string", "defaultValue": "aks" } },
        "variables": {
            "v": expression,
            "w": "[concat(variables('v'), variables('v'))]"
        },
        "resources": [{
            "type": "Microsoft.ContainerService/managedClusters",
            "apiVersion": "2024-05-01",
            "name": "[variables('w')]",
            "location": "japaneast",
            "condition": expression,
            "properties": {
                "dnsPrefix": expression,
                "enableRBAC": "[variables('v')]",
                "apiServerAccessProfile": { "authorizedIPRanges": "[variables('v')]" }
            }
        }]
    });
    let bytes = serde_json::to_vec(&template).expect("a template serialises");
    chanto_fuzz::scan_as("template.json", &bytes);
});
