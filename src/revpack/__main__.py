from revpack.cli import main

main()
