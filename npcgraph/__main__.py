from npcgraph.cli import main

main()
